package org.tijori.audit;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records every event published from a module's {@code events} package: its first component as the subject,
 * the others that it sets as details. It listens synchronously, in the publisher's transaction: the entry
 * commits if and only if the action it describes commits, and the request that caused it still tells who and
 * from where.
 */
@Component
class ModuleEventRecorder {

    private static final Pattern MODULE_EVENTS = Pattern.compile("org\\.tijori\\.([a-z]+)\\.events(\\..+)?");

    private final AuditTrail trail;

    ModuleEventRecorder(AuditTrail trail) {
        this.trail = trail;
    }

    /**
     * Takes payload events only: the framework's own lifecycle events (a failed start-up among them)
     * are none of the trail's business.
     */
    @EventListener
    void on(PayloadApplicationEvent<?> published) {
        Object event = published.getPayload();
        Shape shape = SHAPES.get(event.getClass());
        if (shape == null) {
            return;
        }
        String subject = null;
        Map<String, String> details = new LinkedHashMap<>();
        for (int i = 0; i < shape.components().length; i++) {
            Object value = shape.components()[i].read(event);
            if (i == 0) {
                subject = String.valueOf(value);
            }
            else if (value != null) {
                // A component an event leaves empty (an issued download has no upload ID) is no detail of it.
                details.put(shape.components()[i].name(), String.valueOf(value));
            }
        }
        trail.record(shape.action(), subject, details);
    }

    /**
     * What the recorder needs of an event class, worked out once per class: reading a record's
     * components by reflection on every event cost as much as writing its entry.
     */
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            Matcher matcher = MODULE_EVENTS.matcher(type.getPackageName());
            if (!matcher.matches()) {
                return null;
            }
            String action = matcher.group(1) + "." + type.getSimpleName();
            if (!type.isRecord()) {
                return new Shape(action, new Reader[0]);
            }
            RecordComponent[] components = type.getRecordComponents();
            Reader[] readers = new Reader[components.length];
            for (int i = 0; i < components.length; i++) {
                Method accessor = components[i].getAccessor();
                accessor.setAccessible(true);
                readers[i] = new Reader(components[i].getName(), accessor);
            }
            return new Shape(action, readers);
        }
    };

    private record Shape(String action, Reader[] components) {
    }

    private record Reader(String name, Method accessor) {

        Object read(Object record) {
            try {
                return accessor.invoke(record);
            }
            catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + name + " of " + record.getClass(), e);
            }
        }
    }
}

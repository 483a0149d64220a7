package org.tijori.audit;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records every event published from a module's {@code events} package. It listens synchronously,
 * in the publisher's transaction: the entry commits if and only if the action it describes commits,
 * and the request that caused it still tells who and from where.
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
        Matcher matcher = MODULE_EVENTS.matcher(event.getClass().getPackageName());
        if (!matcher.matches()) {
            return;
        }
        String action = matcher.group(1) + "." + event.getClass().getSimpleName();
        String subject = null;
        Map<String, String> details = new LinkedHashMap<>();
        if (event instanceof Record record) {
            RecordComponent[] components = record.getClass().getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                String value = String.valueOf(read(components[i], record));
                if (i == 0) {
                    subject = value;
                }
                else {
                    details.put(components[i].getName(), value);
                }
            }
        }
        trail.record(action, subject, details);
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
        }
    }
}

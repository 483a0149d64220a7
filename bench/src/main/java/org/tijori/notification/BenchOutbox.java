package org.tijori.notification;

import org.springframework.context.ApplicationContext;

/** What the sharing benchmark's generator needs of the e-mail outbox from outside its package. */
public final class BenchOutbox {

    private BenchOutbox() {
    }

    /**
     * Stops this node's dispatcher, so that the messages the generator queues are left in the outbox for the
     * application under test to deliver.
     */
    public static void holdDispatching(ApplicationContext context) {
        context.getBean(MailDispatcher.class).stop();
    }
}

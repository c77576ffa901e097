package io.nightshift.worker.app;

import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Console logging for the worker's plain entry points ({@link WorkerMain}, the benchmark) as the Quarkus
 * application writes it: JBoss LogManager (the JUL manager Quarkus uses), INFO, Kafka's clients at WARN.
 * Call it first in {@code main}, before anything logs.
 */
public final class ConsoleLogging {

    private ConsoleLogging() {
    }

    public static void install() {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        if (!(java.util.logging.LogManager.getLogManager() instanceof org.jboss.logmanager.LogManager)) {
            return; // JUL was initialised before: its default console handler prints INFO already
        }
        org.jboss.logmanager.Logger root = LogContext.getLogContext().getLogger("");
        root.addHandler(new ConsoleHandler(new PatternFormatter("%d{HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %s%e%n")));
        root.setLevel(Level.INFO);
        LogContext.getLogContext().getLogger("org.apache.kafka").setLevel(Level.WARNING);
    }
}

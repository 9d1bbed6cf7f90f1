package dev.hamcp.bridge.runtime.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.Console;
import java.util.Locale;

/**
 * Lets one of the console's two appenders through: lines for people when the console is a
 * terminal, JSON lines for whatever collects the output otherwise, or what
 * {@code bridge.logging.console-format} ({@code auto}, {@code text}, {@code json}) asks for.
 * Configured in {@code logback-spring.xml}; the daily file is always JSON lines.
 */
public final class ConsoleFormatFilter extends Filter<ILoggingEvent> {

    private String format = "auto";
    private String shows = "json";
    private boolean shown;

    /** What the operator asked for: {@code auto}, {@code text} or {@code json}. */
    public void setFormat(String format) {
        this.format = format;
    }

    /** The format of the appender this filter guards: {@code text} or {@code json}. */
    public void setShows(String shows) {
        this.shows = shows;
    }

    @Override
    public void start() {
        String chosen =
                switch (format.trim().toLowerCase(Locale.ROOT)) {
                    case "text" -> "text";
                    case "json" -> "json";
                    default -> isTerminal() ? "text" : "json";
                };
        shown = chosen.equals(shows);
        super.start();
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return shown ? FilterReply.NEUTRAL : FilterReply.DENY;
    }

    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException beforeJava22) {
            return true; // until Java 22 there is a console only when a terminal is attached
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}

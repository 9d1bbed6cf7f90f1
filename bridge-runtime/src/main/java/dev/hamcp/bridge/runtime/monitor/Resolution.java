package dev.hamcp.bridge.runtime.monitor;

/** How long one sample covers, and how many of them the figures keep. */
enum Resolution {
    /** The last hour, second by second. */
    SECOND(1, 3600),
    /** The last day, minute by minute. */
    MINUTE(60, 1440);

    private final int seconds;
    private final int kept;

    Resolution(int seconds, int kept) {
        this.seconds = seconds;
        this.kept = kept;
    }

    /** The seconds one sample covers: the {@code resolution} column of the table. */
    int seconds() {
        return seconds;
    }

    /** How many samples of a node are kept: an hour of seconds, a day of minutes. */
    int kept() {
        return kept;
    }

    /** How far back the samples kept reach, in seconds. */
    long span() {
        return (long) seconds * kept;
    }

    static Resolution ofSeconds(int seconds) {
        return seconds == 60 ? MINUTE : SECOND;
    }
}

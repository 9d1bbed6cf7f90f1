package dev.hamcp.bridge.runtime.monitor;

/** A new sample of one node, as the live stream tells it. */
record Update(String node, Resolution resolution, Sample sample) {}

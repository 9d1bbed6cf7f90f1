package dev.hamcp.bridge.runtime.monitor;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} samples of one node at one resolution, oldest overwritten first: a
 * fixed array, so memory stays bounded however long the node runs. Samples arrive in time order;
 * one that is not newer than the newest held is ignored (a period is told once).
 */
final class SampleRing {

    private final Sample[] samples;
    private int next;
    private int size;

    SampleRing(int capacity) {
        this.samples = new Sample[capacity];
    }

    /** Keeps {@code sample}; false when it was not newer than the newest held. */
    synchronized boolean add(Sample sample) {
        var newest = newestUnlocked();
        if (newest != null && sample.at() <= newest.at()) {
            return false;
        }
        samples[next] = sample;
        next = (next + 1) % samples.length;
        size = Math.min(size + 1, samples.length);
        return true;
    }

    /** The samples from {@code fromAt} (epoch seconds) on, oldest first. */
    synchronized List<Sample> since(long fromAt) {
        var found = new ArrayList<Sample>();
        for (int i = 0; i < size; i++) {
            var sample = samples[(next - size + i + samples.length) % samples.length];
            if (sample.at() >= fromAt) {
                found.add(sample);
            }
        }
        return found;
    }

    synchronized Sample newest() {
        return newestUnlocked();
    }

    synchronized int size() {
        return size;
    }

    int capacity() {
        return samples.length;
    }

    private Sample newestUnlocked() {
        return size == 0 ? null : samples[(next - 1 + samples.length) % samples.length];
    }
}

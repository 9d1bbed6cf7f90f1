package dev.hamcp.bridge.runtime.audit.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The Merkle tree over the chain's entries in the shape of RFC 9162, section 2.1: roots, inclusion
 * proofs (2.1.3.1) and consistency proofs (2.1.4.1) for any tree size the chain has reached.
 *
 * <p>The chain only grows, so a complete, aligned subtree never changes once its last leaf exists.
 * Those of {@value #CACHED_LEAVES} leaves or more are kept in memory (a million leaves need about
 * eight thousand of them); every subtree the RFC's shape asks for is such a subtree or the
 * right-hand edge, which is made of them plus fewer than {@value #CACHED_LEAVES} leaves read
 * afresh. A first question reads the leaves in one pass to fill the cache; later ones read almost
 * nothing.
 */
public final class MerkleTree {

    /** Where the leaf hashes come from: the chain's table, or memory in tests. */
    public interface Leaves {

        /** Calls {@code each} with the leaf hashes of leaves {@code from} (inclusive) to {@code to}, in order. */
        void read(long from, long to, Consumer<byte[]> each);
    }

    static final int CACHED_LEVEL = 7;
    static final int CACHED_LEAVES = 1 << CACHED_LEVEL;

    private final Leaves leaves;
    private final ConcurrentHashMap<Long, byte[]> complete = new ConcurrentHashMap<>();

    public MerkleTree(Leaves leaves) {
        this.leaves = leaves;
    }

    /** MTH(D[0:size]). */
    public byte[] root(long size) {
        return size == 0 ? ChainRules.emptyRoot() : hash(0, size);
    }

    /** PATH(m, D[0:size]): the audit path of leaf {@code m}, nearest sibling first. */
    public List<byte[]> inclusion(long m, long size) {
        if (m < 0 || m >= size) {
            throw new IllegalArgumentException("leaf " + m + " is not in a tree of " + size);
        }
        var path = new ArrayList<byte[]>();
        path(m, 0, size, path);
        return path;
    }

    /** PROOF(m, D[0:size]): what proves the tree of {@code m} leaves is a prefix of the tree of {@code size}. */
    public List<byte[]> consistency(long m, long size) {
        if (m < 1 || m > size) {
            throw new IllegalArgumentException("no consistency proof from " + m + " to " + size);
        }
        var proof = new ArrayList<byte[]>();
        subproof(m, 0, size, true, proof);
        return proof;
    }

    private void path(long m, long start, long end, List<byte[]> path) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, start, start + k, path);
            path.add(hash(start + k, end));
        } else {
            path(m - k, start + k, end, path);
            path.add(hash(start, start + k));
        }
    }

    private void subproof(long m, long start, long end, boolean whole, List<byte[]> proof) {
        long n = end - start;
        if (m == n) {
            if (!whole) {
                proof.add(hash(start, end));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, start, start + k, whole, proof);
            proof.add(hash(start + k, end));
        } else {
            subproof(m - k, start + k, end, false, proof);
            proof.add(hash(start, start + k));
        }
    }

    /** MTH(D[start:end]), where {@code start} is a multiple of the subtree's size as the RFC's shape makes it. */
    private byte[] hash(long start, long end) {
        long n = end - start;
        if (n < CACHED_LEAVES) {
            return small(start, end);
        }
        if (Long.bitCount(n) == 1) {
            return completeSubtree(start, n);
        }
        long k = largestPowerOfTwoBelow(n);
        return ChainRules.nodeHash(completeSubtree(start, k), hash(start + k, end));
    }

    private byte[] completeSubtree(long start, long size) {
        Long key = key(start, size);
        byte[] cached = complete.get(key);
        if (cached != null) {
            return cached;
        }
        if (size > CACHED_LEAVES) {
            fill(start, start + size);
            byte[] hash =
                    ChainRules.nodeHash(completeSubtree(start, size / 2), completeSubtree(start + size / 2, size / 2));
            complete.put(key, hash);
            return hash;
        }
        byte[] hash = small(start, start + size);
        complete.put(key, hash);
        return hash;
    }

    /** Reads the leaves of [from, to) in one pass and keeps the hash of each cached-size block not kept yet. */
    private void fill(long from, long to) {
        long first = from;
        while (first < to && complete.containsKey(key(first, CACHED_LEAVES))) {
            first += CACHED_LEAVES;
        }
        if (first >= to) {
            return;
        }
        var block = new ArrayList<byte[]>(CACHED_LEAVES);
        long[] blockStart = {first};
        leaves.read(first, to, leaf -> {
            block.add(leaf);
            if (block.size() == CACHED_LEAVES) {
                complete.putIfAbsent(key(blockStart[0], CACHED_LEAVES), mth(block, 0, block.size()));
                blockStart[0] += CACHED_LEAVES;
                block.clear();
            }
        });
    }

    private byte[] small(long start, long end) {
        var hashes = new ArrayList<byte[]>((int) (end - start));
        leaves.read(start, end, hashes::add);
        if (hashes.size() != end - start) {
            throw new IllegalStateException("the chain holds fewer than " + end + " entries");
        }
        return mth(hashes, 0, hashes.size());
    }

    private static byte[] mth(List<byte[]> hashes, int start, int end) {
        int n = end - start;
        if (n == 1) {
            return hashes.get(start);
        }
        int k = (int) largestPowerOfTwoBelow(n);
        return ChainRules.nodeHash(mth(hashes, start, start + k), mth(hashes, start + k, end));
    }

    /** The largest power of two smaller than {@code n} (n > 1). */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static Long key(long start, long size) {
        return (long) Long.numberOfTrailingZeros(size) << 56 | (start / size);
    }
}

package dev.hamcp.bridge.runtime.audit.chain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 9162's verification algorithms, written from the RFC's text alone for the tests: they share
 * nothing with the production Merkle code (not even its hashing helpers), so a proof they accept
 * would be accepted by anyone's implementation of the RFC.
 */
final class Rfc9162 {

    private Rfc9162() {}

    static byte[] leafHash(byte[] leaf) {
        return sha256(concat(new byte[] {0x00}, leaf));
    }

    static byte[] node(byte[] left, byte[] right) {
        return sha256(concat(new byte[] {0x01}, left, right));
    }

    /** MTH(D[n]) of section 2.1.1, for leaf hashes already computed. */
    static byte[] root(List<byte[]> leafHashes) {
        if (leafHashes.size() == 1) {
            return leafHashes.getFirst();
        }
        int k = 1;
        while (k * 2 < leafHashes.size()) {
            k *= 2;
        }
        return node(root(leafHashes.subList(0, k)), root(leafHashes.subList(k, leafHashes.size())));
    }

    /** Section 2.1.3.2: verifying an inclusion proof. */
    static boolean inclusionHolds(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (leafIndex >= treeSize) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** Section 2.1.4.2: verifying a consistency proof (an empty proof holds only between equal trees). */
    static boolean consistencyHolds(long first, long second, byte[] firstHash, byte[] secondHash, List<byte[]> proof) {
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstHash, secondHash);
        }
        if (first < 1 || first > second || proof.isEmpty()) {
            return false;
        }
        var path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.addFirst(firstHash);
        }
        long fn = first - 1;
        long sn = second - 1;
        if ((fn & 1) == 1) {
            while ((fn & 1) == 1) {
                fn >>= 1;
                sn >>= 1;
            }
        }
        byte[] fr = path.getFirst();
        byte[] sr = path.getFirst();
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = node(c, fr);
                sr = node(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return Arrays.equals(fr, firstHash) && Arrays.equals(sr, secondHash) && sn == 0;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}

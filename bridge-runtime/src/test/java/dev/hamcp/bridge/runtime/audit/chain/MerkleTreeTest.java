package dev.hamcp.bridge.runtime.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The production tree's roots and proofs, checked by an independent implementation of RFC 9162's
 * verification ({@link Rfc9162}) for every leaf and every older size of trees around the sizes
 * where the tree starts caching complete subtrees.
 */
class MerkleTreeTest {

    private static final List<byte[]> LEAVES = leaves(3 * MerkleTree.CACHED_LEAVES + 5);

    @Test
    void theRootOfEverySizeIsTheRfcsTreeHead() {
        var tree = new MerkleTree(memory(LEAVES));
        for (int size = 1; size <= LEAVES.size(); size++) {
            assertThat(tree.root(size)).as("size %d", size).isEqualTo(Rfc9162.root(LEAVES.subList(0, size)));
        }
        assertThat(tree.root(0)).isEqualTo(Rfc9162.sha256(new byte[0]));
    }

    @Test
    void everyLeafsInclusionProofVerifiesByTheRfcAlgorithm() {
        var tree = new MerkleTree(memory(LEAVES));
        for (int size : sizes()) {
            byte[] root = Rfc9162.root(LEAVES.subList(0, size));
            for (int m = 0; m < size; m++) {
                assertThat(Rfc9162.inclusionHolds(m, size, LEAVES.get(m), tree.inclusion(m, size), root))
                        .as("leaf %d of %d", m, size)
                        .isTrue();
            }
        }
    }

    @Test
    void everyOlderSizesConsistencyProofVerifiesByTheRfcAlgorithm() {
        var tree = new MerkleTree(memory(LEAVES));
        for (int size : sizes()) {
            byte[] root = Rfc9162.root(LEAVES.subList(0, size));
            for (int m = 1; m <= size; m++) {
                byte[] older = Rfc9162.root(LEAVES.subList(0, m));
                assertThat(Rfc9162.consistencyHolds(m, size, older, root, tree.consistency(m, size)))
                        .as("from %d to %d", m, size)
                        .isTrue();
            }
        }
    }

    @Test
    void aProofOfAnotherLeafOrAnAlteredTreeDoesNotVerify() {
        var tree = new MerkleTree(memory(LEAVES));
        int size = 2 * MerkleTree.CACHED_LEAVES + 3;
        byte[] root = Rfc9162.root(LEAVES.subList(0, size));
        assertThat(Rfc9162.inclusionHolds(7, size, LEAVES.get(8), tree.inclusion(7, size), root))
                .isFalse();
        var altered = new ArrayList<>(LEAVES);
        altered.set(3, Rfc9162.sha256(new byte[] {42}));
        byte[] alteredOlder = Rfc9162.root(altered.subList(0, 10));
        assertThat(Rfc9162.consistencyHolds(10, size, alteredOlder, root, tree.consistency(10, size)))
                .isFalse();
    }

    @Test
    void completeSubtreesAreReadOnceAndThenAnsweredFromMemory() {
        var reads = new AtomicInteger();
        var tree = new MerkleTree((from, to, each) -> {
            reads.addAndGet((int) (to - from));
            memory(LEAVES).read(from, to, each);
        });
        int size = 3 * MerkleTree.CACHED_LEAVES;
        tree.root(size);
        int first = reads.getAndSet(0);
        tree.root(size);
        int again = reads.getAndSet(0);
        tree.inclusion(5, size);

        assertThat(first).isEqualTo(size);
        assertThat(again).isZero();
        assertThat(reads.get()).as("leaves of the small siblings").isLessThan(MerkleTree.CACHED_LEAVES);
    }

    private static int[] sizes() {
        int c = MerkleTree.CACHED_LEAVES;
        return new int[] {1, 2, 3, 4, 5, 7, 8, 9, 31, c - 1, c, c + 1, 2 * c, 2 * c + 3, 3 * c + 5};
    }

    private static MerkleTree.Leaves memory(List<byte[]> leaves) {
        return (from, to, each) -> {
            for (long i = from; i < Math.min(to, leaves.size()); i++) {
                each.accept(leaves.get((int) i));
            }
        };
    }

    private static List<byte[]> leaves(int count) {
        var random = new Random(9162);
        var leaves = new ArrayList<byte[]>();
        for (int i = 0; i < count; i++) {
            byte[] leaf = new byte[40];
            random.nextBytes(leaf);
            leaves.add(Rfc9162.leafHash(leaf));
        }
        return leaves;
    }
}

package dev.hamcp.bridge.runtime.audit.verify;

import dev.hamcp.bridge.runtime.audit.chain.ChainRules;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The verifier's own way to the Merkle root (independent of the writer's tree): leaves are pushed
 * one by one onto a stack of complete subtrees, equal neighbours merged; the root of the leaves so
 * far folds that stack from the right, which is the RFC 9162 shape.
 */
public final class RootAccumulator {

    private record Subtree(long size, byte[] hash) {}

    private final ArrayDeque<Subtree> stack = new ArrayDeque<>();
    private long size;

    public void add(byte[] leafHash) {
        var top = new Subtree(1, leafHash);
        while (!stack.isEmpty() && stack.peek().size() == top.size()) {
            var left = stack.pop();
            top = new Subtree(left.size() * 2, ChainRules.nodeHash(left.hash(), top.hash()));
        }
        stack.push(top);
        size++;
    }

    public long size() {
        return size;
    }

    public byte[] root() {
        if (stack.isEmpty()) {
            return ChainRules.emptyRoot();
        }
        Iterator<Subtree> fromTheRight = stack.iterator();
        byte[] hash = fromTheRight.next().hash();
        while (fromTheRight.hasNext()) {
            hash = ChainRules.nodeHash(fromTheRight.next().hash(), hash);
        }
        return hash;
    }
}

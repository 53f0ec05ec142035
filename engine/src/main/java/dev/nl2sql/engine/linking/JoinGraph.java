package dev.nl2sql.engine.linking;

import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.ForeignKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Tables as nodes and foreign keys as undirected edges: which tables can be joined, and through which others. */
final class JoinGraph {

    private final int[][] neighbours;

    JoinGraph(DbSchema schema) {
        Map<String, Integer> index = new HashMap<>();
        for (int t = 0; t < schema.tables().size(); t++) {
            index.put(schema.tables().get(t).name(), t);
        }
        List<Set<Integer>> adjacent = new ArrayList<>();
        for (int t = 0; t < schema.tables().size(); t++) {
            adjacent.add(new LinkedHashSet<>());
        }
        for (ForeignKey fk : schema.foreignKeys()) {
            Integer from = index.get(fk.fromTable());
            Integer to = index.get(fk.toTable());
            if (from != null && to != null && !from.equals(to)) {
                adjacent.get(from).add(to);
                adjacent.get(to).add(from);
            }
        }
        neighbours = adjacent.stream().map(s -> s.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    int[] neighbours(int table) {
        return neighbours[table];
    }

    /**
     * The tables strictly between {@code from} and the nearest table of {@code targets} on a shortest foreign-key
     * path of at most {@code maxEdges} joins, nearest to {@code from} first; empty if {@code from} is in the targets,
     * is joined to one directly, or no such path exists.
     */
    List<Integer> bridge(int from, boolean[] targets, int maxEdges) {
        if (targets[from]) {
            return List.of();
        }
        int[] parent = new int[neighbours.length];
        int[] depth = new int[neighbours.length];
        Arrays.fill(parent, -2);
        parent[from] = -1;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(from);
        while (!queue.isEmpty()) {
            int t = queue.poll();
            if (depth[t] >= maxEdges) {
                continue;
            }
            for (int next : neighbours[t]) {
                if (parent[next] != -2) {
                    continue;
                }
                parent[next] = t;
                depth[next] = depth[t] + 1;
                if (targets[next]) {
                    List<Integer> path = new ArrayList<>();
                    for (int p = parent[next]; p != from; p = parent[p]) {
                        path.add(0, p);
                    }
                    return path;
                }
                queue.add(next);
            }
        }
        return List.of();
    }
}

package dev.connections.web.api;

import java.util.List;

/**
 * One page of a longer list and how long the whole list is ("See all (7)").
 *
 * @param items the requested slice, in the list's order
 * @param total how many there are in all
 */
public record Page<T>(List<T> items, int total) {
    public Page {
        items = List.copyOf(items);
    }

    /** The slice {@code [offset, offset + limit)} of {@code all}, and its size as the total. */
    static <T> Page<T> slice(List<T> all, int limit, int offset) {
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        return new Page<>(all.subList(from, to), all.size());
    }
}

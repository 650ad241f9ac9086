package dev.connections.web.api;

import java.util.List;

/** A whole list, wrapped in an object so fields can be added later without breaking clients. */
public record ItemList<T>(List<T> items) {
    public ItemList {
        items = List.copyOf(items);
    }
}

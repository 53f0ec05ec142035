package dev.nl2sql.picard.checker;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An immutable singly linked list: adding shares the rest, so checker states forked by a beam search share what they
 * had in common. The empty chain is {@code null}; use the static helpers.
 */
final class Chain<T> implements Iterable<T> {

    final T head;
    final Chain<T> tail;

    private Chain(T head, Chain<T> tail) {
        this.head = head;
        this.tail = tail;
    }

    static <T> Chain<T> push(Chain<T> chain, T item) {
        return new Chain<>(item, chain);
    }

    /** Iterates a chain that may be empty (null). */
    static <T> Iterable<T> of(Chain<T> chain) {
        return chain == null ? java.util.List.of() : chain;
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Chain<T> next = Chain.this;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public T next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                T item = next.head;
                next = next.tail;
                return item;
            }
        };
    }
}

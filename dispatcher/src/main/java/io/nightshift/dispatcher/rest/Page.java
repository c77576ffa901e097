package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.batch.InvalidRequestException;

import java.util.List;

/**
 * One page of a list.
 *
 * @param page       the page number, from 0
 * @param size       items per page
 * @param totalItems items in the whole list
 */
public record Page<T>(int page, int size, long totalItems, List<T> items) {
    static final int MAX_SIZE = 1000;

    /** 400 naming {@code page} or {@code size} when out of range. */
    static void check(int page, int size) {
        if (page < 0) {
            throw new InvalidRequestException("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidRequestException("size", "must be between 1 and " + MAX_SIZE);
        }
    }
}

package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.batch.InvalidRequestException.FieldError;

import java.util.List;

/** An error answer; {@code fields} names every offending field of a 400. */
public record ErrorView(String error, List<FieldError> fields) {
}

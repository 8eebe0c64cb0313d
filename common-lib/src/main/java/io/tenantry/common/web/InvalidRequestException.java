package io.tenantry.common.web;

import java.util.List;

/**
 * Input that a controller found invalid beyond what bean validation checks (unknown query
 * parameters, reversed ranges, ...): answered as a 400 validation problem naming each field.
 */
public class InvalidRequestException extends RuntimeException {

	private final List<FieldError> errors;

	public InvalidRequestException(List<FieldError> errors) {
		super("Invalid request: " + errors);
		this.errors = List.copyOf(errors);
	}

	public InvalidRequestException(String field, String message) {
		this(List.of(new FieldError(field, message)));
	}

	public List<FieldError> errors() {
		return this.errors;
	}

	/** One invalid field or parameter. */
	public record FieldError(String field, String message) {
	}

}

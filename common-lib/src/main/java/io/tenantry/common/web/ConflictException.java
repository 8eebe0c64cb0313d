package io.tenantry.common.web;

/** The request conflicts with the resource's current state (409); the message says how. */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}

}

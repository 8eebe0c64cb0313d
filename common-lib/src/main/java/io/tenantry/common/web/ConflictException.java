package io.tenantry.common.web;

import java.util.Map;

/**
 * The request conflicts with the resource's current state (409); the message says how, and
 * {@code properties} (extension members of the problem) say it to a program, for example the
 * limits a downgrade would break.
 */
public class ConflictException extends RuntimeException {

	private final Map<String, Object> properties;

	public ConflictException(String message) {
		this(message, Map.of());
	}

	public ConflictException(String message, Map<String, Object> properties) {
		super(message);
		this.properties = Map.copyOf(properties);
	}

	public Map<String, Object> properties() {
		return this.properties;
	}

}

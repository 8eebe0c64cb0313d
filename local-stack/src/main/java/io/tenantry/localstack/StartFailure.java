package io.tenantry.localstack;

import java.util.List;

/** A component did not become healthy; carries the end of its log. */
public class StartFailure extends RuntimeException {

	private final String component;

	private final List<String> logTail;

	StartFailure(String component, String reason, List<String> logTail) {
		super(component + " " + reason);
		this.component = component;
		this.logTail = List.copyOf(logTail);
	}

	public String component() {
		return this.component;
	}

	public List<String> logTail() {
		return this.logTail;
	}

}

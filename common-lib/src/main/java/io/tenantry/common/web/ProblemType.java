package io.tenantry.common.web;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The stable {@code type} URIs of Tenantry's RFC 9457 problem responses. Clients switch on
 * these, so a value never changes once published; add new ones instead.
 */
public enum ProblemType {

	VALIDATION("validation", HttpStatus.BAD_REQUEST, "Validation failed"),
	BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST, "Bad request"),
	UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Authentication required"),
	INVALID_CREDENTIALS("invalid-credentials", HttpStatus.UNAUTHORIZED, "Invalid credentials"),
	ACCESS_DENIED("access-denied", HttpStatus.FORBIDDEN, "Access denied"),
	TENANT_MISMATCH("tenant-mismatch", HttpStatus.FORBIDDEN, "Tenant mismatch"),
	/** Written by the gateway for a tenant that is suspended or pending deletion. */
	TENANT_SUSPENDED("tenant-suspended", HttpStatus.FORBIDDEN, "Tenant suspended"),
	/** The tenant's plan does not allow this: a limit reached or a feature it lacks. */
	PLAN_LIMIT_EXCEEDED("plan-limit-exceeded", HttpStatus.FORBIDDEN, "Plan limit exceeded"),
	NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
	METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
	NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
	CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
	TOO_MANY_REQUESTS("too-many-requests", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
	SERVICE_UNAVAILABLE("service-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
	INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

	/** Base of every problem type URI. */
	public static final String BASE = "https://tenantry.io/problems/";

	private final URI uri;

	private final HttpStatus status;

	private final String title;

	ProblemType(String slug, HttpStatus status, String title) {
		this.uri = URI.create(BASE + slug);
		this.status = status;
		this.title = title;
	}

	public URI uri() {
		return this.uri;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	/** The type used for a status that has no more specific one. */
	public static ProblemType forStatus(int status) {
		for (ProblemType type : values()) {
			if (type.status.value() == status && type != VALIDATION && type != INVALID_CREDENTIALS
					&& type != TENANT_MISMATCH && type != TENANT_SUSPENDED && type != PLAN_LIMIT_EXCEEDED) {
				return type;
			}
		}
		return (status >= 500) ? INTERNAL : BAD_REQUEST;
	}

}

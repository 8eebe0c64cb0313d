package io.tenantry.common.events;

/**
 * Who caused an event: a user, an API client, or the system itself, and from where.
 *
 * @param type {@code user}, {@code client} or {@code system}
 * @param id the user or client id, or the service name for the system
 * @param ip the caller's address as seen by the gateway, when there was a caller
 */
public record Actor(String type, String id, String ip) {

	public static Actor system(String service) {
		return new Actor("system", service, null);
	}

}

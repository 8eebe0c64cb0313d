package io.tenantry.user.auth;

import jakarta.servlet.http.HttpServletRequest;

/** Where a login comes from: the client address (first of X-Forwarded-For) and user agent. */
record ClientInfo(String ip, String userAgent) {

	static ClientInfo of(HttpServletRequest request) {
		String forwarded = request.getHeader("X-Forwarded-For");
		String ip = (forwarded != null && !forwarded.isBlank()) ? forwarded.split(",")[0].strip()
				: request.getRemoteAddr();
		String agent = request.getHeader("User-Agent");
		return new ClientInfo(ip, (agent != null && agent.length() > 500) ? agent.substring(0, 500) : agent);
	}

}

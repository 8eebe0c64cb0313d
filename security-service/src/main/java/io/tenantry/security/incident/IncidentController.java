package io.tenantry.security.incident;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.web.PageResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's security incidents, for its owners, admins and security admins. */
@RestController
@RequestMapping("/api/security/incidents")
@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'SECURITY_ADMIN')")
class IncidentController {

	private final Incidents incidents;

	IncidentController(Incidents incidents) {
		this.incidents = incidents;
	}

	@GetMapping
	@Operation(summary = "The tenant's security incidents, newest first",
			description = "Filters: status (OPEN|RESOLVED), type (BRUTE_FORCE), severity (MEDIUM|HIGH), sourceIp "
					+ "(exact). Paging: page (from 0), size (1..100, default 20), sort (openedAt, lastSeenAt, "
					+ "failures, severity; optionally ,asc or ,desc).")
	PageResponse<IncidentView> list(@RequestParam(required = false) String status,
			@RequestParam(required = false) String type, @RequestParam(required = false) String severity,
			@RequestParam(required = false) String sourceIp, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, @RequestParam(required = false) String sort) {
		return this.incidents.list(status, type, severity, sourceIp, page, size, sort);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One incident of the tenant")
	IncidentView get(@PathVariable UUID id) {
		return this.incidents.get(id);
	}

	@PostMapping("/{id}/resolve")
	@Operation(summary = "Resolves an open incident, saying what was done",
			description = "409 when it is resolved already. Later failures from the same address open a new incident.")
	IncidentView resolve(@PathVariable UUID id, @Valid @RequestBody Resolution request) {
		return this.incidents.resolve(id, request.resolution().strip(),
				SecurityContextHolder.getContext().getAuthentication().getName());
	}

	record Resolution(@NotBlank @Size(max = 1000) String resolution) {
	}

}

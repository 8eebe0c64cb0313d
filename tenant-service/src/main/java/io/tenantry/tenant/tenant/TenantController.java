package io.tenantry.tenant.tenant;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.web.ResourceNotFoundException;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/tenants")
class TenantController {

	private final TenantRepository tenants;

	private final Tenants service;

	TenantController(TenantRepository tenants, Tenants service) {
		this.tenants = tenants;
		this.service = service;
	}

	@PostMapping
	@Operation(summary = "Create a tenant (PLATFORM_ADMIN)",
			description = "The tenant is ACTIVE at once and io.tenantry.tenant.created.v1 is published; a taken slug "
					+ "is 409. With ownerEmail, user-service invites that person as the first OWNER.")
	ResponseEntity<TenantResponse> create(@Valid @RequestBody TenantRequests.Create request, Authentication caller) {
		TenantResponse created = this.service.create(caller, request);
		return ResponseEntity.created(URI.create("/api/tenants/" + created.id())).body(created);
	}

	@GetMapping("/{id}")
	@Operation(summary = "A tenant, visible only to its own members",
			description = "Another tenant's id answers 404, exactly like an id that does not exist.")
	TenantResponse get(@PathVariable UUID id) {
		return this.tenants.findById(id).map(TenantResponse::of)
			.orElseThrow(() -> new ResourceNotFoundException("Tenant", id));
	}

}

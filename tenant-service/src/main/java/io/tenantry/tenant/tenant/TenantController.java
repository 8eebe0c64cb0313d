package io.tenantry.tenant.tenant;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.web.ResourceNotFoundException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/tenants")
class TenantController {

	private final TenantRepository tenants;

	TenantController(TenantRepository tenants) {
		this.tenants = tenants;
	}

	@GetMapping("/{id}")
	@Operation(summary = "A tenant, visible only to its own members",
			description = "Another tenant's id answers 404, exactly like an id that does not exist.")
	TenantResponse get(@PathVariable UUID id) {
		return this.tenants.findById(id).map(TenantResponse::of)
			.orElseThrow(() -> new ResourceNotFoundException("Tenant", id));
	}

}

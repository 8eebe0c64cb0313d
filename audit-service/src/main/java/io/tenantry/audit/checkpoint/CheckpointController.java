package io.tenantry.audit.checkpoint;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.tenant.TenantContext;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/audit/checkpoints")
class CheckpointController {

	private final Checkpoints checkpoints;

	CheckpointController(Checkpoints checkpoints) {
		this.checkpoints = checkpoints;
	}

	@GetMapping
	@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'AUDITOR', 'PLATFORM_ADMIN')")
	@Operation(summary = "The tenant's signed checkpoints, newest first (at most 100)")
	List<Checkpoint> list() {
		return this.checkpoints.list(TenantContext.requireTenantId(), 100);
	}

	@PostMapping
	@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'AUDITOR', 'PLATFORM_ADMIN')")
	@Operation(summary = "Signs a checkpoint of the tenant's chain now (the daily job does it otherwise)",
			description = "Answers the new checkpoint, or the latest one when the chain has not grown since.")
	Checkpoint create() {
		var tenant = TenantContext.requireTenantId();
		return this.checkpoints.checkpoint(tenant)
			.orElseGet(() -> this.checkpoints.list(tenant, 1).stream().findFirst()
				.orElseThrow(() -> new io.tenantry.common.web.ResourceNotFoundException("Audit chain of tenant", tenant)));
	}

	@GetMapping("/keys")
	@Operation(summary = "Public keys that verify checkpoint signatures (Ed25519, base64 X.509), by kid")
	Map<String, String> keys() {
		return this.checkpoints.publicKeys();
	}

}

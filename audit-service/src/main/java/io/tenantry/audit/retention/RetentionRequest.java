package io.tenantry.audit.retention;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A change of retention; a legal hold needs a reason. */
record RetentionRequest(@NotNull @Min(30) @Max(36500) Integer retentionDays, @NotNull Boolean legalHold,
		@Size(max = 500) String legalHoldReason) {

}

package io.tenantry.billing.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's client reported usage through {@code POST /api/billing/usage}: how many records
 * of which metrics were stored (duplicates by idempotency key not counted). One event per
 * accepted request, for the audit log; the records themselves stay in billing. Subject: the
 * tenant id.
 */
public record UsageReported(UUID tenantId, int records, int duplicates, List<String> metrics, Instant from,
		Instant to) {

	public static final String TYPE = "io.tenantry.billing.usage-reported.v1";

}

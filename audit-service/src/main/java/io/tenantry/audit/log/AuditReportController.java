package io.tenantry.audit.log;

import java.nio.charset.StandardCharsets;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.tenant.TenantContext;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/audit/reports")
@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'AUDITOR', 'PLATFORM_ADMIN')")
class AuditReportController {

	private final AuditReports reports;

	AuditReportController(AuditReports reports) {
		this.reports = reports;
	}

	@PostMapping
	@Operation(summary = "A compliance report: access-review (SOX), security, privacy (GDPR) or custom",
			description = "Entries of the report's kind in [from, to), counts per action, and the chain proof of the "
					+ "range. format=csv answers the entries as CSV with the proof in the Tenantry-Chain-Proof header.")
	ResponseEntity<?> report(@Valid @RequestBody ReportRequest request) {
		AuditReports.Report report = this.reports.build(TenantContext.requireTenantId(), request);
		if (!request.csv()) {
			return ResponseEntity.ok(report);
		}
		StringBuilder csv = new StringBuilder(
				"seq,event_id,action,actor_type,actor_id,actor_ip,resource_type,resource_id,outcome,occurred_at,hash\r\n");
		for (AuditLog.EntryView entry : report.entries()) {
			csv.append(String.join(",", Long.toString(entry.seq()), entry.eventId().toString(),
					ExportWriter.csv(entry.action()), ExportWriter.csv(entry.actor().type()),
					ExportWriter.csv(entry.actor().id()), ExportWriter.csv(entry.actor().ip()),
					ExportWriter.csv(entry.resourceType()), ExportWriter.csv(entry.resourceId()),
					entry.outcome().name(), entry.occurredAt().toString(), entry.hash()))
				.append("\r\n");
		}
		AuditReports.ChainProof proof = report.chainProof();
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("text/csv"))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + report.type() + "-report.csv\"")
			.header("Tenantry-Chain-Proof", "valid=" + proof.valid() + "; first-seq=" + proof.firstSeq() + "; last-seq="
					+ proof.lastSeq() + "; last-hash=" + proof.lastHash())
			.body(csv.toString().getBytes(StandardCharsets.UTF_8));
	}

}

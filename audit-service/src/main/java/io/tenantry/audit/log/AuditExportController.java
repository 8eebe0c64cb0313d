package io.tenantry.audit.log;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.ConflictException;
import io.tenantry.common.web.ResourceNotFoundException;
import jakarta.validation.Valid;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@RequestMapping("/api/audit")
@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'AUDITOR', 'PLATFORM_ADMIN')")
class AuditExportController {

	static final MediaType CSV = MediaType.parseMediaType("text/csv");

	static final MediaType JSON_LINES = MediaType.parseMediaType("application/x-ndjson");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final AuditExports exports;

	AuditExportController(AuditExports exports) {
		this.exports = exports;
	}

	@PostMapping("/export")
	@Operation(summary = "Exports the tenant's entries in chain order as CSV or JSON Lines",
			description = "Every field the hash covers is included, so the export verifies offline. Up to "
					+ "tenantry.audit.export.sync-limit entries stream in the response (200); more run as a job: "
					+ "202 with its status, Location /api/audit/exports/{id}.")
	ResponseEntity<StreamingResponseBody> export(@Valid @RequestBody ExportRequest request, Authentication caller) {
		UUID tenant = TenantContext.requireTenantId();
		AuditLogFilter filter = request.filter();
		if (!this.exports.fitsInRequest(tenant, filter)) {
			AuditExports.ExportJob job = this.exports.start(tenant, request, caller.getName());
			byte[] json = JSON.writeValueAsBytes(job);
			return ResponseEntity.accepted()
				.location(URI.create("/api/audit/exports/" + job.id()))
				.contentType(MediaType.APPLICATION_JSON)
				.body((out) -> out.write(json));
		}
		StreamingResponseBody body = (out) -> this.exports.write(tenant, filter, request.format(), out);
		return ResponseEntity.ok()
			.contentType(mediaType(request.format()))
			.header(HttpHeaders.CONTENT_DISPOSITION, attachment(request.format()))
			.body(body);
	}

	@GetMapping("/exports/{id}")
	@Operation(summary = "An export job's status; downloadUrl once it is DONE")
	AuditExports.ExportJob job(@PathVariable UUID id) {
		return this.exports.job(TenantContext.requireTenantId(), id)
			.orElseThrow(() -> new ResourceNotFoundException("Export", id));
	}

	@GetMapping("/exports/{id}/download")
	@Operation(summary = "Downloads a finished export")
	ResponseEntity<StreamingResponseBody> download(@PathVariable UUID id) {
		UUID tenant = TenantContext.requireTenantId();
		AuditExports.ExportJob job = this.exports.job(tenant, id)
			.orElseThrow(() -> new ResourceNotFoundException("Export", id));
		if (!"DONE".equals(job.status())) {
			throw new ConflictException("Export " + id + " is " + job.status() + ", not ready for download");
		}
		Path file = this.exports.file(tenant, id, job.format());
		StreamingResponseBody body = (out) -> Files.copy(file, out);
		return ResponseEntity.ok()
			.contentType(mediaType(job.format()))
			.header(HttpHeaders.CONTENT_DISPOSITION, attachment(job.format()))
			.body(body);
	}

	private static MediaType mediaType(String format) {
		return "csv".equals(format) ? CSV : JSON_LINES;
	}

	private static String attachment(String format) {
		return "attachment; filename=\"audit-" + LocalDate.now(ZoneOffset.UTC) + "." + format + "\"";
	}

}

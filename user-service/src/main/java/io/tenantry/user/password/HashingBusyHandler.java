package io.tenantry.user.password;

import io.tenantry.common.web.ProblemDetailsExceptionHandler;
import io.tenantry.common.web.ProblemType;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A full hashing queue is a 503 with {@code Retry-After}, not an error of the service. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class HashingBusyHandler {

	@ExceptionHandler(HashingBusyException.class)
	ResponseEntity<ProblemDetail> busy(HashingBusyException ex) {
		return ResponseEntity.status(ProblemType.SERVICE_UNAVAILABLE.status())
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(ProblemDetailsExceptionHandler.problem(ProblemType.SERVICE_UNAVAILABLE, ex.getMessage()));
	}

}

package io.tenantry.common.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error an endpoint can raise into RFC 9457 {@code application/problem+json}
 * with a stable {@code type}: validation errors name each field, bad input is a 4xx, and
 * nothing unexpected ever leaks a stack trace or an exception message.
 */
@RestControllerAdvice
public class ProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsExceptionHandler.class);

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, Object>> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(fieldError(error.getField(), error.getDefaultMessage()));
		}
		ex.getBindingResult().getGlobalErrors().forEach((error) -> errors.add(fieldError(error.getObjectName(), error.getDefaultMessage())));
		return validation(errors);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, Object>> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach((result) -> {
			String name = result.getMethodParameter().getParameterName();
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				String field = (error instanceof FieldError fieldError) ? name + "." + fieldError.getField() : name;
				errors.add(fieldError(field, error.getDefaultMessage()));
			}
		});
		return validation(errors);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = problem(ProblemType.BAD_REQUEST, "The request body is missing or is not valid JSON");
		return ResponseEntity.of(problem).build();
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Object> handleArgumentTypeMismatch(MethodArgumentTypeMismatchException ex) {
		String expected = (ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "another type";
		return validation(List.of(fieldError(ex.getName(), "must be a valid " + expected)));
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex) {
		List<Map<String, Object>> errors = new ArrayList<>();
		ex.getConstraintViolations()
			.forEach((violation) -> errors.add(fieldError(lastNode(violation.getPropertyPath().toString()), violation.getMessage())));
		return validation(errors);
	}

	@ExceptionHandler(InvalidRequestException.class)
	ResponseEntity<Object> handleInvalidRequest(InvalidRequestException ex) {
		return validation(ex.errors().stream().map((error) -> fieldError(error.field(), error.message())).toList());
	}

	@ExceptionHandler(ConflictException.class)
	ResponseEntity<Object> handleConflict(ConflictException ex) {
		ProblemDetail problem = problem(ProblemType.CONFLICT, ex.getMessage());
		ex.properties().forEach(problem::setProperty);
		return ResponseEntity.of(problem).build();
	}

	@ExceptionHandler(PlanLimitExceededException.class)
	ResponseEntity<Object> handlePlanLimitExceeded(PlanLimitExceededException ex) {
		ProblemDetail problem = problem(ProblemType.PLAN_LIMIT_EXCEEDED, ex.getMessage());
		problem.setProperty("metric", ex.metric());
		problem.setProperty("plan", ex.plan());
		if (ex.limit() != null) {
			problem.setProperty("limit", ex.limit());
			problem.setProperty("used", ex.used());
		}
		return ResponseEntity.of(problem).build();
	}

	@ExceptionHandler(ResourceNotFoundException.class)
	ResponseEntity<Object> handleNotFound(ResourceNotFoundException ex) {
		return ResponseEntity.of(problem(ProblemType.NOT_FOUND, ex.getMessage())).build();
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<Object> handleAccessDenied(AccessDeniedException ex) {
		return ResponseEntity.of(problem(ProblemType.ACCESS_DENIED, "You may not perform this operation")).build();
	}

	@ExceptionHandler(BadCredentialsException.class)
	ResponseEntity<Object> handleBadCredentials(BadCredentialsException ex) {
		// the thrower's message, written for the client (one message for every failed login)
		String detail = (ex.getMessage() != null && !ex.getMessage().isBlank()) ? ex.getMessage()
				: "Invalid credentials";
		return ResponseEntity.of(problem(ProblemType.INVALID_CREDENTIALS, detail)).build();
	}

	@ExceptionHandler(AuthenticationException.class)
	ResponseEntity<Object> handleAuthentication(AuthenticationException ex) {
		return ResponseEntity.of(problem(ProblemType.UNAUTHENTICATED, "A valid access token is required")).build();
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex) {
		log.error("Unexpected error", ex);
		return ResponseEntity.of(problem(ProblemType.INTERNAL, "An unexpected error occurred")).build();
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem && (problem.getType() == null
				|| "about:blank".equals(problem.getType().toString()))) {
			ProblemType type = ProblemType.forStatus(statusCode.value());
			problem.setType(type.uri());
			problem.setTitle(type.title());
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static ResponseEntity<Object> validation(List<Map<String, Object>> errors) {
		String fields = String.join(", ", errors.stream().map((error) -> (String) error.get("field")).distinct().toList());
		ProblemDetail problem = problem(ProblemType.VALIDATION, "Invalid value for: " + fields);
		problem.setProperty("errors", errors);
		return ResponseEntity.of(problem).build();
	}

	public static ProblemDetail problem(ProblemType type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
		problem.setType(type.uri());
		problem.setTitle(type.title());
		return problem;
	}

	private static Map<String, Object> fieldError(String field, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("field", field);
		error.put("message", message);
		return error;
	}

	private static String lastNode(String path) {
		int dot = path.lastIndexOf('.');
		return (dot >= 0) ? path.substring(dot + 1) : path;
	}

}

package io.tenantry.common.web;

/**
 * A resource that does not exist, or that the caller's tenant cannot see: the two are
 * deliberately indistinguishable (404 either way).
 */
public class ResourceNotFoundException extends RuntimeException {

	public ResourceNotFoundException(String resource, Object id) {
		super(resource + " " + id + " not found");
	}

}

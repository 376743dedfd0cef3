package io.github.grpcaio;

/**
 * What an {@link AuthMetadataPlugin} is told about the call it authenticates.
 *
 * @param serviceUrl the URL of the service, {@code https://host/package.Service}
 * @param methodName the method name, without the service
 */
public record AuthMetadataContext(String serviceUrl, String methodName) {}

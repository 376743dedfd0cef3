/**
 * xDS for grpc-aio, as Python's {@code xds:///} targets, {@code grpc.xds_channel_credentials}, and
 * {@code grpc.aio.server(xds=True)} with {@code grpc.xds_server_credentials}: {@link
 * io.github.grpcaio.xds.AioXds} makes the credentials and the server builder factory of an
 * xDS-managed server, on grpc-java's {@code grpc-xds}. With this module on the class path, {@code
 * xds:///name} targets work on every aio channel. See {@code docs/scale-out.md}.
 */
package io.github.grpcaio.xds;

package io.trainyard.tracking.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;

/** One REST call of the MLflow subset: reads its request, works inside the given transaction. */
@FunctionalInterface
interface Endpoint {
    ObjectNode handle(ApiRequest request, Connection connection) throws SQLException;
}

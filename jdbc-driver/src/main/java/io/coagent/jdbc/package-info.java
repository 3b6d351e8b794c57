/** The jdbc:coagent: driver. Empty until the SQL/JDBC issue lands. */
package io.coagent.jdbc;

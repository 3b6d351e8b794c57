/** The SQL front end (Apache Calcite over the engine). Empty until the SQL issue lands. */
package io.coagent.sql;

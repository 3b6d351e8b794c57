package io.coagent.sql.internal.pg;

import java.lang.reflect.Method;
import java.util.List;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A scalar function whose Java method returns a {@code List<String>} and whose SQL type is
 * {@code VARCHAR ARRAY} (Calcite types a {@code List} result as an opaque object, which cannot be
 * subscripted): PostgreSQL's {@code current_schemas(bool)}, which pgjdbc subscripts.
 */
final class ArrayFunction implements ScalarFunction, ImplementableFunction {
  private final ScalarFunctionImpl delegate;

  ArrayFunction(Method method) {
    this.delegate = (ScalarFunctionImpl) ScalarFunctionImpl.create(method);
  }

  @Override
  public RelDataType getReturnType(RelDataTypeFactory f) {
    return f.createTypeWithNullability(
        f.createArrayType(f.createSqlType(SqlTypeName.VARCHAR), -1), true);
  }

  @Override
  public List<FunctionParameter> getParameters() {
    return delegate.getParameters();
  }

  @Override
  public CallImplementor getImplementor() {
    return delegate.getImplementor();
  }
}

package dev.nl2sql.driver;

import java.sql.CallableStatement;

/** A callable statement of an nl2sql connection: always plain SQL, so it only forwards. */
public final class Nl2SqlCallableStatement extends ForwardingCallableStatement {

    Nl2SqlCallableStatement(Nl2SqlConnection connection, CallableStatement delegate) {
        super(connection, delegate);
    }
}

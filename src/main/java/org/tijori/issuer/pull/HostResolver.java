package org.tijori.issuer.pull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Finds the addresses of a host name (or reads an address literal). The system's resolver in production;
 * a seam so that a test can play a name whose addresses change between registration and a call, as a
 * DNS rebinding attacker's would.
 */
@FunctionalInterface
public interface HostResolver {

    /** @throws UnknownHostException when the name has no address */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}

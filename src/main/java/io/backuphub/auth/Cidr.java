package io.backuphub.auth;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** An address range a key may be used from: {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address. */
public record Cidr(byte[] network, int prefix, String text) {

    /** The range {@code text} names; empty when it is not an IPv4 or IPv6 address with an optional /prefix. */
    public static Optional<Cidr> parse(String text) {
        if (text == null || text.isBlank() || text.length() > 50) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        // Only literals: InetAddress would otherwise look a name up in DNS.
        if (!address.matches("[0-9A-Fa-f:.]+")) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
            if (prefix < 0 || prefix > bytes.length * 8) {
                return Optional.empty();
            }
            return Optional.of(new Cidr(bytes, prefix, trimmed));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code address} (a literal, as the connection reports it) is in this range. */
    public boolean contains(String address) {
        if (address == null || !address.matches("[0-9A-Fa-f:.%a-z]+")) {
            return false;
        }
        try {
            byte[] candidate = InetAddress.getByName(address).getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int shift = network.length * 8 - prefix;
            return new BigInteger(1, candidate).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}

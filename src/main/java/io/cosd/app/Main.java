package io.cosd.app;

/** Entry point; subcommands are added as they land. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("cosd: not yet wired");
    }
}

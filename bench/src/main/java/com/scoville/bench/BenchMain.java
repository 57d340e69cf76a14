package com.scoville.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.lang.management.ManagementFactory;

/**
 * The benchmark tool: one subcommand per scenario. Each run shows its progress every second, prints a
 * summary, writes a JSON report and a chart, and ends with an integrity audit read from the topics.
 * Exit codes: 0 the audit passed, 1 the audit failed, 2 bad usage, 3 the run itself failed.
 */
@Command(name = "scoville-bench", mixinStandardHelpOptions = true, version = "scoville-bench 0.1.0",
        description = "Load scenarios against Scoville (embedded in this JVM, or a running service), with an integrity audit.",
        subcommands = {FlashSaleCommand.class, IntakeCommand.class, PartnerCommand.class, MixedCommand.class, FaultsCommand.class,
                BrokerBaselineCommand.class, HttpBaselineCommand.class, CommandLine.HelpCommand.class})
public final class BenchMain implements Runnable {
    static final int AUDIT_FAILED = 1;
    static final int RUN_FAILED = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a scenario: flash-sale, intake, partner, mixed, faults, broker-baseline or http-baseline");
    }

    public static void main(String[] args) throws Exception {
        if (JitFork.wanted(args, ManagementFactory.getRuntimeMXBean().getInputArguments())) {
            System.exit(JitFork.run(args));
        }
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The command line with its exit codes: a run that throws ends with {@link #RUN_FAILED}, not as a failed audit. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BenchMain());
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println("The run failed: " + e);
            e.printStackTrace(commandLine.getErr());
            return RUN_FAILED;
        });
        return cli;
    }
}

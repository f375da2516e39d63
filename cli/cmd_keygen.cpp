#include <iostream>

#include "cli/commands.hpp"
#include "lib/evidence/signer.hpp"

namespace footage::cli {

void add_keygen_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code) {
    auto out = std::make_shared<std::string>();
    CLI::App* command =
        app.add_subcommand("keygen", "Make an Ed25519 key pair for signing evidence bags");
    command->footer(
        "Writes the secret key to KEY (mode 0600, not encrypted: keep it safe) and the public\n"
        "key to KEY.pub, both in minisign's format (minisign -S -s KEY signs with it too).\n"
        "Missing folders above KEY are created with mode 0700. Never overwrites either.\n"
        "Give KEY.pub to whoever\n"
        "checks the bags: footage verify BAG --pubkey KEY.pub, or, without footage, inside the\n"
        "bag: minisign -Vm tagmanifest-sha256.txt -p KEY.pub\n"
        "Example: footage keygen --out ~/keys/case-2026-114");
    command->add_option("--out", *out, "Where the secret key goes; the public key is KEY.pub")
        ->required()
        ->type_name("KEY");
    command->callback([out, &global, &exit_code]() {
        evidence::write_key_pair(*out);
        if (global.json) {
            print_json({{"secret_key", *out}, {"public_key", *out + ".pub"}});
        } else if (!global.quiet) {
            std::cout << "secret key " << *out << " (keep it private)\npublic key " << *out
                      << ".pub\n";
        }
        exit_code = kExitSuccess;
    });
}

}  // namespace footage::cli

// Test support: a SoftHSM2 token in a temporary directory holding one signing key and its certificate, as a
// Vietnamese CA's USB token would (pkcs11_key.h). make_softhsm_token(dir, label, pin, p12, p12_pass):
//  - writes dir/softhsm2.conf (token directory dir/tokens) and sets SOFTHSM2_CONF for this process (the module
//    reads it at C_Initialize; children started afterwards inherit it);
//  - initialises a token `label` with user PIN `pin`, imports the key and the certificate of the PKCS#12 file
//    `p12` (openssl, softhsm2-util, pkcs11-tool) as object "signer", id 01;
//  - returns the PKCS#11 URI "pkcs11:token=<label>;object=signer", or "" with the tools' output in *error.
// kSoftHsmModule is Debian's module path.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/run_command.h"

namespace motcua::testing {

inline constexpr const char* kSoftHsmModule = "/usr/lib/softhsm/libsofthsm2.so";

inline std::string make_softhsm_token(const std::string& dir, const std::string& label, const std::string& pin, const std::string& p12,
                                      const std::string& p12_pass, std::string* error) {
  std::filesystem::create_directories(dir + "/tokens");
  {
    std::ofstream f(dir + "/softhsm2.conf");
    f << "directories.tokendir = " << dir << "/tokens\nobjectstore.backend = file\nlog.level = ERROR\n";
  }
  ::setenv("SOFTHSM2_CONF", (dir + "/softhsm2.conf").c_str(), 1);
  const std::string q = "'" + dir + "'";
  const std::string script =
      "set -e; cd " + q + "; export PASS='" + p12_pass + "';" +
      " softhsm2-util --init-token --free --label '" + label + "' --pin '" + pin + "' --so-pin 87654321 >/dev/null;" +
      " openssl pkcs12 -in '" + p12 + "' -passin env:PASS -nocerts -nodes 2>/dev/null | openssl pkey -out key.pem;" +
      " openssl pkcs12 -in '" + p12 + "' -passin env:PASS -clcerts -nokeys 2>/dev/null | openssl x509 -outform der -out cert.der;" +
      " softhsm2-util --import key.pem --token '" + label + "' --label signer --id 01 --pin '" + pin + "' >/dev/null;" +
      " pkcs11-tool --module " + kSoftHsmModule + " --token-label '" + label + "' --login --pin '" + pin +
      "' --write-object cert.der --type cert --id 01 --label signer >/dev/null; rm -f key.pem";
  int rc = 0;
  std::string out = run_command("bash -c \"" + script + "\"", &rc);
  if (rc != 0) {
    if (error) *error = out;
    return "";
  }
  return "pkcs11:token=" + label + ";object=signer";
}

}  // namespace motcua::testing

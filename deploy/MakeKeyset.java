import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

/** Prints a new Tink keyset with one AES-256-GCM key, in JSON: what tijori.keys.keyset takes (make-keyset.sh). */
public class MakeKeyset {

    public static void main(String[] args) throws Exception {
        AeadConfig.register();
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        System.out.println(TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get())
                .replace("\n", ""));
    }
}

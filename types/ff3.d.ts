// ff3 (NIST SP 800-38G FF3-1 format-preserving encryption) ships no type definitions.
declare module 'ff3' {
  class FF3Cipher {
    constructor(keyHex: string, tweakHex: string, radix?: number);
    encrypt(plaintext: string): string;
    decrypt(ciphertext: string): string;
  }
  export default FF3Cipher;
}

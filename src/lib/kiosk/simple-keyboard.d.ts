// simple-keyboard ships ESM for modern browsers at this path, typed next to it under another name.
declare module 'simple-keyboard/build/index.modern.esm.js' {
	import { SimpleKeyboard } from 'simple-keyboard';
	export default SimpleKeyboard;
}

// Importing this module makes the kiosk screen's strings available to `t()`.
import { registerStrings } from '../i18n.ts';
import { enKiosk, zhKiosk } from './kiosk.ts';

registerStrings(zhKiosk, enKiosk);

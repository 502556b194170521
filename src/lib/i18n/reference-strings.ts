// Importing this module makes the reference lookup's strings (kiosk 进度查询, phone /r page) available to `t()`.
import { registerStrings } from '../i18n.ts';
import { enReference, zhReference } from './reference.ts';

registerStrings(zhReference, enReference);

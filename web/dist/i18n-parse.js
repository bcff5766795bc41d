import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-XOBV7W4I.js";
import "./chunk-POZNIU66.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};

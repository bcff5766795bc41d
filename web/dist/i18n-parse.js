import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-MK66U2BH.js";
import "./chunk-GO5LWYH4.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
